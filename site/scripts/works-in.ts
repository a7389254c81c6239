/**
 * The "werkt in" line at the top of a provider page, for a person who came from a search or a
 * municipality page: those link here with `?gemeente=<NIS code>`. The page is complete without
 * it (the working area is listed further down); with it, the summary says at once whether the
 * provider works in that municipality. The page carries its working area (`data-gebied`: whole
 * provinces as "a" + code, else NIS codes); the names come from /gemeenten/namen.json.
 */
const line = document.querySelector<HTMLElement>('#werkt-in');
const asked = new URLSearchParams(location.search).get('gemeente') ?? '';

async function show(element: HTMLElement, nis: string): Promise<void> {
  const response = await fetch('/gemeenten/namen.json');
  if (!response.ok) return;
  const names = (await response.json()) as Record<string, [string, string]>;
  const municipality = names[nis];
  if (!municipality) return;
  const [name, area] = municipality;
  const served = new Set((element.dataset.gebied ?? '').split(' '));
  const works = served.has(nis) || served.has(`a${area}`);
  element.textContent = works ? `Werkt in ${name}.` : `Werkt niet in ${name}.`;
  element.classList.toggle('no', !works);
  element.hidden = false;
}

if (line && /^\d{5}$/.test(asked)) show(line, asked).catch(() => undefined);

export {};
