-- How the supplier reaches a customer (issue 16.3): who it talks to (联系人), the phone and the
-- delivery address, as the applicant registered them or the back office entered them. NULL: not
-- given. Text as typed (trimmed), each at most 100 characters, checked by the hub.
ALTER TABLE customers ADD COLUMN contact TEXT;
ALTER TABLE customers ADD COLUMN phone TEXT;
ALTER TABLE customers ADD COLUMN address TEXT;
