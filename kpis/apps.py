from django.apps import AppConfig


class KpisConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kpis"
    verbose_name = "Indicator register"
