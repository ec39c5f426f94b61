# Seeds for the storefront database.
