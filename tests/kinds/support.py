"""Helpers for the per-kind lifecycle tests: the controlled clock moved by working days."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.sla.cache import current_calendar
from tests.factories import sweep


def working_days(start: datetime, end: datetime) -> int:
    return current_calendar().working_days_between(start, end)


def advance_to(clock, start: datetime, n: int) -> int:
    """Move the clock a day at a time until `n` working days have passed since `start`,
    sweeping due timers on the way; returns how many timers fired."""
    fired = 0
    while working_days(start, clock.now()) < n:
        clock.advance(timedelta(days=1))
        fired += sweep(clock.now())
    return fired


IR = {"kind": "information_request", "title": "Data anggaran obat puskesmas 2026",
      "description": "Mohon salinan rincian anggaran pengadaan obat puskesmas tahun 2026."}
ASPIRATION = {"kind": "aspiration", "title": "Usulan jam layanan malam Dinas Kesehatan",
              "description": "Mohon puskesmas buka sampai malam untuk pekerja shift."}


def move_to(clock, when: datetime, minutes: int) -> int:
    """Move the clock to `when` plus `minutes` (negative: before it), sweep; timers fired."""
    clock.advance(when + timedelta(minutes=minutes) - clock.now())
    return sweep(clock.now())
