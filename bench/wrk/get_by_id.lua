-- GET /contacts/{id} of a random contact.
request = get_contact
