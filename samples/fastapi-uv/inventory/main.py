from fastapi import FastAPI

app = FastAPI(title="inventory")


@app.get("/health")
def health():
    return {"status": "ok"}
