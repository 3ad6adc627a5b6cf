"""Signing in as a user who has passed both steps, for tests of everything else.

Pages and the session API are closed to a user who needs a second factor until they
have given it; the steps themselves are the journeys of
tests/functional/test_sign_in.py."""

from __future__ import annotations

import time
from typing import Any


def authenticator_for(user: Any) -> Any:
    """The user's confirmed TOTP device, enrolled now if they have none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device


def current_code(device: Any) -> str:
    """The code the user's app shows now; or the next step's, which the device's
    tolerance of one step accepts, when this step's code was used already (a code
    is accepted once)."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    totp.time = time.time()
    if device.last_t is not None and totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def sign_in(client: Any, user: Any) -> None:
    """A Django test client signed in with both factors (the session a real sign-in
    leaves)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = authenticator_for(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def signing_form(agency: Any, **values: Any) -> dict[str, Any]:
    """What a document's form needs to issue it: the body's first leader signing as the
    head, no other recipient."""
    from phoihop.agencies.issuer import signers_of

    leader = signers_of(agency).first()
    assert leader is not None, f"{agency} has no leader to sign"
    return {"signer": leader.pk, "authority": "head", "recipients": "", **values}
