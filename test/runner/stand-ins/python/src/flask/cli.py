def main():
    raise SystemExit("flask: a stand-in for build tests, it runs nothing")
