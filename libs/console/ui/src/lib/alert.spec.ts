import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Alert } from './alert';

@Component({
  imports: [Alert],
  template: `<wharf-alert tone="danger">Controller <b>unreachable</b></wharf-alert
    ><wharf-alert>Info</wharf-alert>`,
})
class Host {}

describe('Alert', () => {
  it('projects its content and exposes the tone and role', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const [danger, info] = Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('wharf-alert'));
    expect(danger.textContent).toBe('Controller unreachable');
    expect(danger.querySelector('b')).not.toBeNull();
    expect(danger.classList).toContain('tone-danger');
    expect(danger.getAttribute('role')).toBe('alert');
    expect(info.classList).toContain('tone-info');
    expect(info.getAttribute('role')).toBe('status');
  });
});
