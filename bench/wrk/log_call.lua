-- POST /activities: a completed call regarding a random contact (the change log written).
request = log_call
