-- A page of 50 cases in one open status, newest first (a service desk's queue view).
request = list_cases
