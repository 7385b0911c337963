"""Problems: errors as values. A problem has a code, the field it concerns and parameters; its French
message comes from the message catalogue, so another language can follow."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from simulator.messages import render


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    field: str | None = None
    params: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, hash=False)

    @property
    def message(self) -> str:
        return render(self.code, **self.params)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "field": self.field, "message": self.message}
