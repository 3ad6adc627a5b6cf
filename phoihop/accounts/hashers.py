"""How passwords are stored: Argon2id at the cost OWASP's password-storage guidance
names first (46 MiB of memory, one pass, one lane).

Django's default (PBKDF2, a million rounds) made the password step of signing in take
0.4 s on an idle two-core server and over a second under load; Argon2id at this cost
takes about a tenth of a second, and its memory cost is what makes guessing expensive
on the hardware an attacker would use. Passwords stored by an earlier hasher are
rehashed with this one at their next sign-in (Django's ``must_update``)."""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 47_104  # KiB: 46 MiB
    parallelism = 1
