import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Small key/value facts about this manager installation (e.g. its id, used in container labels). */
@Entity({ name: 'manager_settings' })
export class ManagerSettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'text' })
  value!: string;
}
