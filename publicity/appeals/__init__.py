"""The public side of credit repair and objections (records/appeals does the procedure).

forms, views, urls: apply at /repair/ and /objections/, then follow the application with its
  number and the applicant's code
marks: the "异议处理中" mark shown beside a record under an open objection
"""
