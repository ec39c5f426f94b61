"""Stand-in for wolfify's offline build tests: not the real Flask."""


class Flask:
    def __init__(self, name):
        self.name = name

    def route(self, path):
        return lambda view: view

    def __call__(self, environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"stand-in\n"]
