"""Working days (hari kerja): Monday to Friday minus national holidays and cuti bersama.

National holidays come from the `holidays` package (country ID); collective leave days are
data an admin edits (`NonWorkingDay`), because the government announces them each year.
Deadlines fall at the end of the last working day in Indonesia's western time (WIB), so a
case filed on Friday evening still gets three full working days.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache

import holidays

WIB = timezone(timedelta(hours=7), "WIB")
MAX_WORKING_DAYS = 400  # a deadline expression asking for more is a mistake, not a plan


@lru_cache(maxsize=32)
def national_holidays(year: int) -> Mapping[date, str]:
    """Indonesia's national holidays of one year, with their Indonesian names."""
    return dict(holidays.country_holidays("ID", years=year, language="id"))


class WorkingCalendar:
    """Counts working days; `extra` holds cuti bersama and other declared closures."""

    def __init__(self, extra: Mapping[date, str] | None = None, tz: timezone = WIB) -> None:
        self.extra = dict(extra or {})
        self.tz = tz

    def non_working_reason(self, day: date) -> str | None:
        if day.weekday() >= 5:
            return "Sabtu" if day.weekday() == 5 else "Minggu"
        return self.extra.get(day) or national_holidays(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        return self.non_working_reason(day) is None

    def add_working_days(self, start: datetime, n: int) -> datetime:
        """The end (23:59:59 local) of the n-th working day after `start`, in UTC."""
        if not 0 <= n <= MAX_WORKING_DAYS:
            raise ValueError(f"working days must be between 0 and {MAX_WORKING_DAYS}, got {n}")
        day = start.astimezone(self.tz).date()
        counted = 0
        while counted < n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        if n == 0:
            while not self.is_working_day(day):
                day += timedelta(days=1)
        end = datetime.combine(day, time(23, 59, 59), self.tz)
        return end.astimezone(UTC)

    def working_days_between(self, start: datetime, end: datetime) -> int:
        """Whole working days after `start`'s day up to and including `end`'s day."""
        a, b = start.astimezone(self.tz).date(), end.astimezone(self.tz).date()
        count = 0
        while a < b:
            a += timedelta(days=1)
            count += self.is_working_day(a)
        return count
