"""The day, month and year field every form uses, with the GOV.UK message for a date that
does not exist ("Answer due must be a real date"), not Python's ("day is out of range for
month"), which crispy-forms-gds passes on as it is."""

from __future__ import annotations

from datetime import date

from crispy_forms_gds import fields
from django.core.exceptions import ValidationError


class DateInputField(fields.DateInputField):
    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            return date(day=int(day), month=int(month), year=int(year))
        except ValueError as error:
            raise ValidationError(f"{self.label} must be a real date",
                                  code="invalid_date") from error
