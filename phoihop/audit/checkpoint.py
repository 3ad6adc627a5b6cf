"""Signed checkpoints of the audit chain: its last entry's number and hash, signed with
HMAC-SHA256 under a key kept outside the database. The chain alone shows an edited or
removed entry in its middle; someone able to delete its last entries and rewrite the
chain's head leaves a shorter chain that still verifies. A checkpoint taken before
names an entry that must still be there, unchanged. Plain Python: no Django here."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass

FORMAT = "phoihop-audit-checkpoint/1"


@dataclass(frozen=True)
class Checkpoint:
    seq: int  # the chain's last entry when the checkpoint was taken
    hash: str  # that entry's hash
    at: str  # when (ISO 8601, UTC)
    mac: str  # HMAC-SHA256 of the three, hex

    def to_json(self) -> str:
        fields = {"format": FORMAT, "seq": self.seq, "hash": self.hash, "at": self.at}
        return json.dumps({**fields, "mac": self.mac}, indent=2) + "\n"


def _message(seq: int, entry_hash: str, at: str) -> bytes:
    return f"{FORMAT}|{seq}|{entry_hash}|{at}".encode()


def checkpoint_sign(key: bytes, *, seq: int, entry_hash: str, at: str) -> Checkpoint:
    mac = hmac.new(key, _message(seq, entry_hash, at), hashlib.sha256).hexdigest()
    return Checkpoint(seq=seq, hash=entry_hash, at=at, mac=mac)


def checkpoint_signed_by(key: bytes, checkpoint: Checkpoint) -> bool:
    expected = checkpoint_sign(
        key, seq=checkpoint.seq, entry_hash=checkpoint.hash, at=checkpoint.at
    )
    return hmac.compare_digest(expected.mac, checkpoint.mac)


def checkpoint_parse(text: str) -> Checkpoint:
    """A checkpoint file's content; ValueError (in Vietnamese) when it is not one."""
    try:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError
        checkpoint = Checkpoint(
            seq=int(data["seq"]), hash=str(data["hash"]), at=str(data["at"]), mac=str(data["mac"])
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ValueError("Tệp không phải điểm kiểm tra nhật ký của phoihop.") from None
    if checkpoint.seq < 0:
        raise ValueError("Điểm kiểm tra nêu số thứ tự bản ghi không hợp lệ.")
    return checkpoint
