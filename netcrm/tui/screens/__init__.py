"""Full screens: review (home), contacts, one contact, who can help, me, network, help."""
