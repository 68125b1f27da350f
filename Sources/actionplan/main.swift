print("actionplan")
