-- Directory attributes of a device and its user that subject and SAN variables may name:
-- {{FullyQualifiedDomainName}} (a domain-joined device's DNS name), {{OnPrem_Distinguished_Name}} and
-- {{onPremisesSamAccountName}} (the user's on-premises AD names, synced by Entra Connect).
ALTER TABLE device ADD COLUMN fully_qualified_domain_name text;
ALTER TABLE device ADD COLUMN on_premises_distinguished_name text;
ALTER TABLE device ADD COLUMN on_premises_sam_account_name text;
