"""A sentence of the materials with where it came from: what the readers produce and every later step
(rules, the model's proposals, the fact sheet's source comments) takes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Sentence:
    file: str  # the file's name relative to the materials folder
    where: str  # 第3段 / 工作台账!C3
    text: str
    heading: str = ""  # the nearest heading (or the row's label) in the material
    role: str | None = None  # problems | plans | basic_info | work, when the material's heading says so

    @property
    def source(self) -> str:
        return f"{self.file} {self.where}"
