print("report api")
