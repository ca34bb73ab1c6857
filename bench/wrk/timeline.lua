-- GET /contacts/{id}/timeline: activities, notes and changes of a random contact, merged.
request = get_timeline
