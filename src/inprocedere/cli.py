"""The `inprocedere` command: the project's manage.py, installed as a console script."""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inprocedere.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["inprocedere", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
