from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Telling people when a result needs them: notices on their home page and emails."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "kpis.notifications"
    label = "notifications"
    verbose_name = "Notifications"
