-- PATCH a random contact's job title.
request = update_contact
