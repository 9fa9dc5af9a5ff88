print("credc")
