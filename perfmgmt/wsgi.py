import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perfmgmt.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, their modules) lives as long as the process:
# move it out of the garbage collector's sight, so each collection during a request scans
# only what the request made. A quarter off a county-sized scorecard (docs/performance.md).
gc.freeze()
