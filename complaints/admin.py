"""Cases are handled in the staff workspace at /complaints/staff/, which enforces who may see
the complainant; they are deliberately not in the admin. Department staff are linked to their
department by records.StaffProfile (admin → 用户 → 所属部门)."""
