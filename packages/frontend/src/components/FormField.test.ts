import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import FormField from './FormField.vue';

function harness(initial: number) {
  const value = ref<number | string>(initial);
  const wrapper = mount(
    defineComponent(
      () => () =>
        h(FormField, {
          label: 'Speed',
          type: 'number',
          modelValue: value.value,
          'onUpdate:modelValue': (v: number | string) => (value.value = v),
          error: undefined,
        }),
    ),
  );
  return { wrapper, value };
}

describe('FormField (number)', () => {
  it('turns typed text into a number, and blank into NaN so the schema reports it', async () => {
    const { wrapper, value } = harness(1.6);
    const input = wrapper.get('input');
    expect((input.element as HTMLInputElement).value).toBe('1.6');
    await input.setValue('2.5');
    expect(value.value).toBe(2.5);
    await input.setValue('');
    expect(Number.isNaN(value.value)).toBe(true);
  });

  it('does not rewrite what the user is typing ("3.0" stays "3.0")', async () => {
    const { wrapper, value } = harness(1);
    const input = wrapper.get('input');
    await input.setValue('3.0');
    expect(value.value).toBe(3);
    expect((input.element as HTMLInputElement).value).toBe('3.0');
  });

  it('shows a model change made elsewhere', async () => {
    const { wrapper, value } = harness(1);
    value.value = 7;
    await wrapper.vm.$nextTick();
    expect((wrapper.get('input').element as HTMLInputElement).value).toBe('7');
  });
});
