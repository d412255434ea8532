from django.apps import AppConfig


class PerfmgmtConfig(AppConfig):
    """The project itself: sign-in logging and security headers (no models)."""

    name = "perfmgmt"
    verbose_name = "Performance management"

    def ready(self) -> None:
        from perfmgmt import (
            security,  # noqa: F401  (connects the sign-in signals)
            tables2_speed,
        )

        tables2_speed.apply()
