import { TestBed } from '@angular/core/testing';
import { StatusBadge, StatusKind } from './status-badge';

describe('StatusBadge', () => {
  async function render(status: StatusKind): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(StatusBadge);
    fixture.componentRef.setInput('status', status);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it.each([
    ['ready', 'Ready', 'tone-ok'],
    ['up', 'Up', 'tone-ok'],
    ['not_ready', 'Not ready', 'tone-warn'],
    ['down', 'Down', 'tone-danger'],
    ['unreachable', 'Unreachable', 'tone-danger'],
    ['checking', 'Checking…', 'tone-neutral'],
  ] as const)('renders %s as "%s" with %s', async (status, label, tone) => {
    const el = await render(status);
    expect(el.textContent?.trim()).toBe(label);
    expect(el.getAttribute('data-status')).toBe(status);
    expect(el.classList).toContain(tone);
    expect(el.getAttribute('role')).toBe('status');
  });

  it('follows input changes', async () => {
    const fixture = TestBed.createComponent(StatusBadge);
    fixture.componentRef.setInput('status', 'up');
    await fixture.whenStable();
    fixture.componentRef.setInput('status', 'down');
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.textContent?.trim()).toBe('Down');
    expect(el.classList).not.toContain('tone-ok');
  });
});
