"""Following a subject: saved searches and entities, matched as stories arrive, told as an Atom
feed and webhooks."""
