import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import SessionControls from './SessionControls.vue';

const mountControls = (props: Partial<InstanceType<typeof SessionControls>['$props']>) =>
  mount(SessionControls, {
    props: { status: 'running', speed: 1, dispatcher: 'eta', floorNames: ['G', '1'], busy: false, ...props },
  });
const speedOptions = (wrapper: ReturnType<typeof mountControls>) =>
  wrapper.findAll('[data-testid="speed"] option').map((o) => o.attributes('value'));

describe('SessionControls', () => {
  it('offers every speed up to 1000× whatever speed the session was created at', () => {
    expect(speedOptions(mountControls({ speed: 1 }))).toEqual(
      expect.arrayContaining(['0.5', '1', '100', '1000', 'max']),
    );
    expect(speedOptions(mountControls({ speed: 1000 })).filter((v) => v === '1000')).toHaveLength(1);
    expect(speedOptions(mountControls({ speed: 60 }))).toContain('60');
  });

  it('disables Pause, Resume and the other controls once the session is stopped', () => {
    const wrapper = mountControls({ status: 'stopped' });
    expect(wrapper.find('[data-testid="pause"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="resume"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="speed"]').attributes('disabled')).toBeDefined();
  });
});
