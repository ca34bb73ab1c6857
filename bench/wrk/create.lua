-- POST /contacts with a unique email each time.
request = create_contact
