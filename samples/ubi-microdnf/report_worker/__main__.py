"""Renders queued reports to PDF: `python -m report_worker --queue reports`."""

import argparse

from celery import Celery
from weasyprint import HTML  # noqa: F401  (used by the tasks)


def main():
    parser = argparse.ArgumentParser(prog="report_worker")
    parser.add_argument("--queue", default="reports")
    args = parser.parse_args()
    app = Celery("report_worker", broker="redis://redis:6379/0")
    app.worker_main(["worker", "--queues", args.queue])


if __name__ == "__main__":
    main()
