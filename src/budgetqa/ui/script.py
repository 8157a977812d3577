"""The page's one script: an answer's [n] marker opens its collapsed 来源 block and scrolls to the entry.

The chat sanitises messages (no ids, no onclick), so one listener on the document handles every marker: the
marker's ``href`` (#bqa-src-N) names the entry, the entry carries the class ``bqa-src-N`` (see render.py), and the
来源 block is the first one after the answer.
"""

SOURCE_LINKS = """
() => {
  const entryIn = (block, n) => block && block.querySelector('.bqa-src-' + n);
  const show = (entry) => {
    entry.scrollIntoView({block: 'center'});
    entry.classList.add('bqa-src-flash');
    setTimeout(() => entry.classList.remove('bqa-src-flash'), 2500);
  };
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('#bqa-chat a.bqa-ref-link');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const n = (link.getAttribute('href') || '').replace('#bqa-src-', '');
    const answer = link.closest('.bqa-answer');
    const after = (node) => answer.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING;
    const nextAnswer = [...document.querySelectorAll('#bqa-chat .bqa-answer')].find(after);
    const before = (node) => !nextAnswer || (node.compareDocumentPosition(nextAnswer) & Node.DOCUMENT_POSITION_FOLLOWING);
    const group = [...document.querySelectorAll('#bqa-chat .thought-group')].find((g) => after(g) && before(g));
    if (!group) return;
    const open = entryIn(group, n);
    if (open) return show(open);
    group.querySelector('.title').click();
    let tries = 0;
    const wait = setInterval(() => {
      const entry = entryIn(group, n);
      if (entry || ++tries > 60) { clearInterval(wait); if (entry) show(entry); }
    }, 50);
  }, true);
}
"""
