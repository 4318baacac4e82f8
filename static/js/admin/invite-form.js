// The invitation form shows only the fields that fit the chosen role: the organisation for staff
// (only the sites of that role's kind), the area and side for coordinators, neither for the national
// centre. Without this script every field stays visible, each labelled with the role it is for.
const form = document.querySelector("[data-invite-form]");

if (form) {
  const role = form.elements.role;
  const fieldsets = [...form.querySelectorAll("[data-for-roles]")];
  const organisation = form.elements.organisation_id;
  const groups = [...organisation.querySelectorAll("optgroup[data-role]")];

  const fit = () => {
    for (const box of fieldsets) box.hidden = !box.dataset.forRoles.split(" ").includes(role.value);
    // Groups are taken out rather than hidden: some mobile browsers show hidden options anyway.
    for (const group of groups) {
      const fits = group.dataset.role === role.value;
      if (fits && !group.isConnected) organisation.append(group);
      if (!fits && group.isConnected) group.remove();
    }
  };

  role.addEventListener("change", fit);
  fit();
}
