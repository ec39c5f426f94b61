def main():
    raise SystemExit("uvicorn: a stand-in for build tests, it serves nothing")
