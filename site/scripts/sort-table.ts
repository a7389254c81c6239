/**
 * Sorts a table by the column whose heading is clicked (or chosen with the keyboard): a button in
 * each heading, and aria-sort saying the order. Without JavaScript the table stays in its own order.
 */
const collator = new Intl.Collator('nl-BE', { numeric: true });

for (const table of document.querySelectorAll<HTMLTableElement>('table.sortable')) {
  const headings = [...table.querySelectorAll<HTMLTableCellElement>('thead th')];
  const body = table.tBodies[0];
  headings.forEach((heading, column) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort';
    button.append(...heading.childNodes);
    heading.replaceChildren(button);
    button.addEventListener('click', () => {
      const ascending = heading.getAttribute('aria-sort') !== 'ascending';
      const numeric = heading.dataset.sort === 'number';
      const value = (row: HTMLTableRowElement) => row.cells[column].textContent?.trim() ?? '';
      const rows = [...body.rows].sort((a, b) => {
        const order = numeric ? Number(value(a).replace(/\D/g, '')) - Number(value(b).replace(/\D/g, '')) : collator.compare(value(a), value(b));
        // Equal figures keep the municipalities in alphabetical order.
        return (ascending ? order : -order) || collator.compare(a.cells[0].textContent ?? '', b.cells[0].textContent ?? '');
      });
      body.append(...rows);
      for (const other of headings) other.removeAttribute('aria-sort');
      heading.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    });
  });
}

export {};
