from publicity.certificates.models import Certificate

__all__ = ["Certificate"]
