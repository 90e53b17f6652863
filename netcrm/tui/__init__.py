"""The Textual UI. It calls the services only; it never imports sqlmodel or sqlalchemy."""
