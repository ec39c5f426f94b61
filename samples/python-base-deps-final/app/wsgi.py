from flask import Flask

application = Flask(__name__)


@application.get("/")
def index():
    return "ok"
