"""Credit repair (信用修复) and objections (异议申诉), end to end.

models: the application, its events and attachments (CreditRepair, Objection and what they share,
  Appeal); Django finds them through records.models, which re-exports them
common: tracking numbers, finding the applicant's record, attachments, the public timeline
repairs, objections: every step of each procedure (apply, accept, decide, complete), the only
  code that changes an application or, through records.services.publication, its record
admin: the staff screens, whose buttons call repairs / objections
The public pages (apply, follow an application) are publicity/appeals/; stage deadlines are
records/deadlines.py.
"""
