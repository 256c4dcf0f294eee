# Admin registrations live beside their domain; importing them here registers them.
from publicity.certificates import admin as certificates_admin  # noqa: F401
