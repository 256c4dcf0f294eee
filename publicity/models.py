from publicity.certificates.models import Certificate, ReportAccessCode, ReportField

__all__ = ["Certificate", "ReportAccessCode", "ReportField"]
