def run():
    raise SystemExit("gunicorn: a stand-in for build tests, it serves nothing")
