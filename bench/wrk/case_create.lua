-- POST /cases: a case for a random contact (routing, entitlement, deadlines and the change log).
request = create_case
