DELETE FROM role_privileges WHERE entity IN ('activities', 'notes', 'email-templates');
DROP TABLE email_templates;
DROP TABLE attachments;
DROP TABLE notes;
DROP TABLE activities;
