// On a record form, the Team list offers only the teams of the service chosen above it.
//
// The page works without this script: the list then shows every team under its service's name,
// and the server refuses a team of another service with a message on the Team field. Each team's
// <option> says its service in data-service (activity.forms.TeamSelect); the Team <select> names
// the service field in data-teams-of.

function offerTeamsOfService(teams, service) {
  const prompt = teams.querySelector('option[value=""]');
  const everyTeam = [...teams.children].filter((child) => child !== prompt).map((child) => child.cloneNode(true));
  const teamOptions = everyTeam.flatMap((child) => (child.tagName === "OPTGROUP" ? [...child.children] : [child]));

  function show({ keepChoice }) {
    const chosenTeam = teams.value;
    const offered = service.value
      ? teamOptions.filter((option) => option.dataset.service === service.value || (keepChoice && option.value === chosenTeam))
      : everyTeam;
    teams.replaceChildren(...[prompt, ...offered].filter(Boolean).map((node) => node.cloneNode(true)));
    const stillOffered = [...teams.options].some((option) => option.value === chosenTeam);
    teams.value = stillOffered ? chosenTeam : "";
  }

  service.addEventListener("change", () => show({ keepChoice: false }));
  teams.addEventListener("change", () => {
    // A team chosen first chooses its service, as the server would.
    const chosen = teams.selectedOptions[0];
    if (!service.value && chosen && chosen.dataset.service) {
      service.value = chosen.dataset.service;
      show({ keepChoice: true });
    }
  });
  // On a form sent back with an error, the team typed stays chosen even when it is not the service's.
  show({ keepChoice: true });
}

for (const teams of document.querySelectorAll("select[data-teams-of]")) {
  const service = teams.form && teams.form.elements.namedItem(teams.dataset.teamsOf);
  if (service instanceof HTMLSelectElement) {
    offerTeamsOfService(teams, service);
  }
}
