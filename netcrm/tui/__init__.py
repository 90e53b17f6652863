"""The Textual UI. It calls the services only; it never imports the store, sqlmodel or sqlalchemy.

``app`` is the shell; ``shell`` the contract the screens use of it; ``registry`` the keys,
screens and palette commands; ``live_screen`` the base of the screens that show the store.
``screens/`` are full screens, ``dialogs/`` modal ones, ``widgets/`` the parts they are built of.
"""
