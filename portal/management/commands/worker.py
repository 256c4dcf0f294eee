"""The task worker: `manage.py db_worker` (django-tasks-db) plus the clock of portal.schedule.

`make run` starts one beside the development server; in production run one or more per host
under systemd or supervisor (README: Deployment). With a broker-backed task backend, run that
backend's worker instead and keep this command for the clock (`--clock-only`).
"""

import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from portal import schedule


class Command(BaseCommand):
    help = "Run background tasks (file imports, e-mail) and the scheduled jobs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--clock-only", action="store_true", help="only the scheduled jobs, no task queue"
        )
        parser.add_argument("--interval", type=int, default=60, help="seconds between scheduled sweeps")

    def handle(self, *args, clock_only=False, interval=60, **options):
        if not clock_only and settings.CERTIFICATE_WARM_UP:
            # Batch credit checks render certificates here: load the fonts and the signing key
            # now, as a server process does (config/wsgi.py), not in the first task.
            from publicity.certificates.render import warm_up

            warm_up()
            self.stdout.write("证书渲染已预热（字体与签名密钥已加载）。")
        stop = threading.Event()

        def clock():
            while not stop.is_set():
                try:
                    schedule.tick()
                except Exception as exc:  # the clock must outlive a database hiccup
                    self.stderr.write(f"schedule: {exc}")
                finally:
                    close_old_connections()
                stop.wait(interval)

        thread = threading.Thread(target=clock, name="schedule", daemon=True)
        thread.start()
        try:
            if clock_only:
                thread.join()
            else:
                call_command("db_worker", reload=False, verbosity=options.get("verbosity", 1))
        finally:
            stop.set()
