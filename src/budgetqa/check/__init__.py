"""Reconciliation: does the parsed disclosure add up, across its tables and against its own 说明?"""

from .models import Check, CheckReport, TableReport
from .report import format_report, reconcile

__all__ = ["Check", "CheckReport", "TableReport", "format_report", "reconcile"]
